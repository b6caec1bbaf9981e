app_name = "maintenance_plans"

urlpatterns: list = []
