from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from .models import User


# The two-list picker (filter_horizontal) leaves its "available" list without an
# accessible name; a plain multiple select has its label (axe, WCAG 4.1.2).
@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    filter_horizontal = ()


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    filter_horizontal = ()
