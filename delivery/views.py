"""The user's own channel choices: in-app always; e-mail and SMS optional (deadline and escalation
messages to units are sent whatever is chosen here)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from delivery.channels import preference_of
from delivery.forms import ChannelPreferenceForm


@login_required
def preferences(request):
    pref = preference_of(request.user)
    form = ChannelPreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your message channels were saved."))
        return redirect("delivery:preferences")
    status = 400 if request.method == "POST" else 200
    return render(request, "delivery/preferences.html", {"form": form}, status=status)
