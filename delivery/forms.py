"""The form a user fills in to choose the optional channels of their messages."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from delivery.models import ChannelPreference

MOBILE = re.compile(r"^1\d{10}$")


class ChannelPreferenceForm(forms.ModelForm):
    class Meta:
        model = ChannelPreference
        fields = ["email", "sms", "phone", "language"]

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s-]", "", self.cleaned_data.get("phone", ""))
        if phone and not MOBILE.match(phone):
            raise forms.ValidationError(_("Enter an 11-digit mainland mobile number."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("sms") and not data.get("phone"):
            self.add_error("phone", _("SMS needs a mobile number."))
        return data
