"""The administrator's page for API tokens: make (the token is shown once), list with
last use, revoke."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samverkan.access.policy import audience_for, may_manage_api_tokens
from samverkan.pagination import paginate

from . import services
from .forms import TokenForm
from .models import ApiToken


def _require_admin(request: HttpRequest) -> HttpResponse | None:
    if may_manage_api_tokens(audience_for(request.user)):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def tokens(request: HttpRequest) -> HttpResponse:
    refusal = _require_admin(request)
    if refusal:
        return refusal
    form = TokenForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.token_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            made = (token, raw)
            form = TokenForm()
    page = paginate(
        request, ApiToken.objects.select_related("user", "party").order_by("-created_at", "-id")
    )
    return render(request, "api/tokens.html", {"form": form, "page": page, "made": made})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    refusal = _require_admin(request)
    if refusal:
        return refusal
    token = get_object_or_404(ApiToken, pk=pk)
    services.token_revoke(token)
    messages.success(request, f"Nyckeln {token.prefix}… för {token.name} är återkallad.")
    return redirect("api:tokens")


METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(ref: dict) -> str:
    name: str = ref.get("$ref", "").rsplit("/", 1)[-1]
    return name


def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation from its OpenAPI schema: every operation with its
    parameters, body and answers, and a form to try a GET with one's own token."""
    from .v1 import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    groups: dict[str, list[dict]] = {}
    for path, operations in schema["paths"].items():
        for method in METHODS:
            op = operations.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            groups.setdefault((op.get("tags") or ["Övrigt"])[0], []).append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": p.get("schema", {}).get("type", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _schema_name(body.get("schema", {})) if body else "",
                    "responses": sorted(op.get("responses", {})),
                }
            )
    components = schema.get("components", {}).get("schemas", {})
    return render(
        request,
        "api/docs.html",
        {
            "groups": groups,
            "components": sorted(components.items()),
            "info": schema["info"],
        },
    )


def webhooks(request: HttpRequest) -> HttpResponse:
    """Webhook receivers: made by an administrator, who sees the secret once and each
    receiver's delivery log."""
    from .forms import WebhookForm
    from .models import WebhookSubscriber

    refusal = _require_admin(request)
    if refusal:
        return refusal
    form = WebhookForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            made = services.webhook_subscriber_create(**form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = WebhookForm()
    subscribers = WebhookSubscriber.objects.order_by("name", "id")[:200]
    return render(
        request, "api/webhooks.html", {"form": form, "subscribers": subscribers, "made": made}
    )


def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from .models import WebhookSubscriber

    refusal = _require_admin(request)
    if refusal:
        return refusal
    subscriber = get_object_or_404(WebhookSubscriber, pk=pk)
    if request.method == "POST":
        active = request.POST.get("active") == "1"
        services.webhook_subscriber_set_active(subscriber, active)
        messages.success(
            request, "Mottagaren är påslagen." if active else "Mottagaren är avstängd."
        )
        return redirect("api:webhook", pk=pk)
    page = paginate(request, subscriber.deliveries.order_by("-id"))
    return render(request, "api/webhook_detail.html", {"subscriber": subscriber, "page": page})
