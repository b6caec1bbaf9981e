from django.urls import path

from .views.home import MyWorkView

app_name = "governance"

urlpatterns = [
    path("", MyWorkView.as_view(), name="my-work"),
]
