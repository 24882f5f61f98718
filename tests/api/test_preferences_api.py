"""/api/v1/me/preferences/: a user reads and chooses their own message channels through the same
form as the web page; bad input is refused per field and nothing is saved."""

from delivery.models import ChannelPreference
from tests.api.client import ok

URL = "me/preferences/"


def test_defaults_until_the_user_chooses(world, api):
    assert ok(api(world.edu_handler).get(URL)) == {
        "email": True,
        "sms": False,
        "phone": "",
        "language": "zh-hans",
    }
    assert not ChannelPreference.objects.exists()


def test_user_turns_on_sms_with_a_mobile_number(world, api):
    body = {"email": False, "sms": True, "phone": "138 0000 0000", "language": "en"}
    saved = ok(api(world.edu_handler).put(URL, body))
    assert saved == {"email": False, "sms": True, "phone": "13800000000", "language": "en"}
    pref = ChannelPreference.objects.get(user=world.edu_handler)
    assert (pref.email, pref.sms, pref.phone, pref.language) == (False, True, "13800000000", "en")
    assert ok(api(world.edu_handler).get(URL)) == saved


def test_bad_choices_are_refused_per_field_and_nothing_saved(world, api):
    client = api(world.edu_handler)
    body = {"email": True, "sms": True, "phone": "12345", "language": "zh-hans"}
    refused = client.put(URL, body)
    assert refused.status_code == 400 and "11" in refused.json()["fields"]["phone"][0]
    refused = api(world.edu_handler, lang="zh-hans").put(URL, {**body, "phone": ""})
    assert refused.status_code == 400 and "手机" in refused.json()["fields"]["phone"][0]
    refused = client.put(URL, {**body, "language": "fr"})
    assert refused.status_code == 400 and "language" in refused.json()["fields"]
    assert client.put(URL, {"email": True}).status_code == 400
    assert not ChannelPreference.objects.exists()


def test_each_user_edits_only_their_own_choices_and_must_log_in(world, api):
    ChannelPreference.objects.create(user=world.traffic_handler, email=True)
    body = {"email": False, "sms": False, "phone": "", "language": "zh-hans"}
    ok(api(world.edu_handler).put(URL, body))
    assert ChannelPreference.objects.get(user=world.traffic_handler).email is True
    assert ChannelPreference.objects.get(user=world.edu_handler).email is False
    assert api().get(URL).status_code == 401
    assert api().put(URL, body).status_code == 401
