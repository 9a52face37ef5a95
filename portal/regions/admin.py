from django.contrib import admin

from .models import Desa, Kecamatan


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Desa)
class DesaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "kecamatan"]
    list_filter = ["kind", "kecamatan"]
    search_fields = ["code", "name"]
