"""A user chooses their optional message channels; bad input is refused with a message."""

from delivery.models import ChannelPreference

URL = "/delivery/preferences/"


def test_requires_login(client, world, settings):
    settings.LOGIN_URL = "/login/"  # the login page belongs to the web workspace, not to us
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_user_turns_on_sms_with_a_mobile_number(client, world):
    client.force_login(world.edu_handler)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"sms": "on", "phone": "138 0000 0000", "language": "zh-hans"})
    assert response.status_code == 302
    pref = ChannelPreference.objects.get(user=world.edu_handler)
    assert (pref.email, pref.sms, pref.phone) == (False, True, "13800000000")


def test_sms_without_a_valid_number_is_refused_and_nothing_saved(client, world):
    client.force_login(world.edu_handler)
    response = client.post(URL, {"sms": "on", "phone": "12345", "language": "zh-hans"})
    assert response.status_code == 400
    assert "11" in response.content.decode()
    response = client.post(URL, {"sms": "on", "phone": "", "language": "en"})
    assert response.status_code == 400
    assert not ChannelPreference.objects.exists()


def test_each_user_edits_only_their_own_choices(client, world):
    ChannelPreference.objects.create(user=world.traffic_handler, email=True)
    client.force_login(world.edu_handler)
    client.post(URL, {"language": "zh-hans"})
    assert ChannelPreference.objects.get(user=world.traffic_handler).email is True
    assert ChannelPreference.objects.get(user=world.edu_handler).email is False
