from django.urls import path

from security import views

app_name = "security"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("otp/", views.otp_verify, name="otp"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
]
