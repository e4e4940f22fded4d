from django.contrib import admin
from django.urls import include, path

from samverkan.api.v1 import api as api_v1
from samverkan.core import oidc

admin.site.site_header = "Samverkan – administration"
admin.site.site_title = "Samverkan"
admin.site.index_title = "Sekretariatets administration"

urlpatterns = [
    path("", include("samverkan.core.urls")),
    path("", include("samverkan.structure.urls")),
    path("", include("samverkan.meetings.urls")),
    path("", include("samverkan.cases.urls")),
    path("", include("samverkan.documents.urls")),
    path("", include("samverkan.preparation.urls")),
    path("", include("samverkan.followup.urls")),
    path("", include("samverkan.workload.urls")),
    path("", include("samverkan.costs.urls")),
    path("", include("samverkan.search.urls")),
    path("", include("samverkan.archive.urls")),
    path("", include("samverkan.retention.urls")),
    path("", include("samverkan.importer.urls")),
    path("", include("samverkan.live.urls")),
    path("", include("samverkan.reading.urls")),
    path("oparl/", include("samverkan.oparl.urls")),
    path("api/v1/", api_v1.urls),
    path("api/", include("samverkan.api.urls")),
    path("", include("samverkan.publishing.urls")),
    path("konto/", include("samverkan.accounts.urls")),
    path("oidc/logga-in/", oidc.SignIn.as_view(), name="oidc_authentication_init"),
    path("oidc/svar/", oidc.Callback.as_view(), name="oidc_authentication_callback"),
    path("admin/", admin.site.urls),
]
