from django.apps import AppConfig

# The sample catalogue's product names, as showroom/migrations/0002_sample_catalogue.py inserts them
# (a migration keeps its own copy of what it writes; this one is for code that must recognise them).
SAMPLE_PRODUCT_NAMES = (
    "Power Tiller PT-12",
    "Rotavator RX-7 (7 ft)",
    "Seed Drill SD-9",
    "Mini Tractor MT-25",
    "Harvester H-40",
    "Boom Sprayer BS-400",
    "Rotavator blade set (42 pcs)",
    "Tiller gearbox assembly",
)


class ShowroomConfig(AppConfig):
    """Showroom products on display and for sale."""

    name = "showroom"
    verbose_name = "Showroom"
    # The group that holds this module's permissions (erp.0003_module_groups, erp.module_groups).
    module_group = "Showroom"

    def fresh_install_rows(self) -> dict:
        """{model: condition} of the rows a fresh install gets from the migrations: the unsold sample catalogue."""
        from django.db.models import Q

        product = self.get_model("ShowroomProduct")
        return {product: Q(name__in=SAMPLE_PRODUCT_NAMES, showroom_status=product.Status.AVAILABLE)}
