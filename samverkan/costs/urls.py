from django.urls import path

from . import views

app_name = "costs"

urlpatterns = [
    path("kostnader/", views.overview, name="overview"),
    path("kostnader/<int:year>/", views.year_detail, name="year"),
    path("kostnader/folkmangd/", views.population, name="population"),
    path("kostnader/nycklar/ny/", views.key_new, name="key_new"),
    path("kostnader/nycklar/<int:pk>/", views.key_detail, name="key"),
    path("kostnader/poster/ny/", views.cost_item_new, name="cost_item_new"),
    path("kostnader/poster/<int:pk>/", views.cost_item_detail, name="cost_item"),
    path("kostnader/fordelningar/<int:pk>/", views.allocation_detail, name="allocation"),
    path(
        "kostnader/fordelningar/<int:pk>/fordelning.xlsx",
        views.allocation_xlsx,
        name="allocation_xlsx",
    ),
    path(
        "kostnader/fordelningar/<int:pk>/fordelning.csv",
        views.allocation_csv,
        name="allocation_csv",
    ),
]
