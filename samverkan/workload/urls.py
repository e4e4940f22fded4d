from django.urls import path

from . import views

app_name = "workload"

urlpatterns = [
    path("motesbelastning/", views.load, name="load"),
    path("motesbelastning/personer/", views.persons, name="persons"),
    path("motesbelastning/jamforelse/", views.comparison, name="comparison"),
    path("arvodesunderlag/", views.fee_basis, name="fee_basis"),
    path("arvodesunderlag.xlsx", views.fee_basis_xlsx, name="fee_basis_xlsx"),
    path("arvodesunderlag.csv", views.fee_basis_csv, name="fee_basis_csv"),
]
