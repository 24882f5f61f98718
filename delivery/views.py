"""The user's own channel choices: in-app always; e-mail and SMS optional (deadline and escalation
messages to units are sent whatever is chosen here)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from delivery.preferences import preference_form, preference_update
from suggestions.errors import InvalidInput


@login_required
def preferences(request):
    form = preference_form(request.user)
    if request.method == "POST":
        try:
            preference_update(user=request.user, data=request.POST)
        except InvalidInput:
            form = preference_form(request.user, request.POST)
            form.is_valid()  # fills the messages shown next to each field
            return render(request, "delivery/preferences.html", {"form": form}, status=400)
        messages.success(request, _("Your message channels were saved."))
        return redirect("delivery:preferences")
    return render(request, "delivery/preferences.html", {"form": form})
