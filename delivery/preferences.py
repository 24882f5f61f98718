"""The one writer of a user's channel choices, shared by the web page and the API."""

from __future__ import annotations

from delivery.channels import preference_of
from delivery.forms import ChannelPreferenceForm
from delivery.models import ChannelPreference
from suggestions.errors import InvalidInput


def preference_form(user, data=None) -> ChannelPreferenceForm:
    """The form over the user's stored choice (or the defaults), bound to `data` if given."""
    return ChannelPreferenceForm(data, instance=preference_of(user))


def preference_update(*, user, data) -> ChannelPreference:
    """Save the user's choices; 400 with the form's messages per field when they are invalid."""
    form = preference_form(user, data)
    if not form.is_valid():
        fields = {
            ("non_field_errors" if name == "__all__" else name): list(messages)
            for name, messages in form.errors.items()
        }
        raise InvalidInput(fields=fields)
    return form.save()
