"""`samverkan signing_certificate`: shows the certificate sealed minutes are signed with,
and makes the self-signed demo certificate under VAR_DIR/signering/ when none is
configured (`--new` replaces it)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.documents import pdf


class Command(BaseCommand):
    help = (
        "Visar certifikatet som justerade protokoll signeras med. Utan "
        "SAMVERKAN_SIGNING_CERT/SAMVERKAN_SIGNING_KEY skapas ett självsignerat "
        "democertifikat under VAR_DIR/signering/ om det saknas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new",
            action="store_true",
            help="Ersätt det självsignerade democertifikatet med ett nytt (tidigare "
            "signaturer går då inte längre att verifiera mot det).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes

        try:
            config = pdf.signing_config()
        except pdf.SigningError as exc:
            raise CommandError(str(exc)) from exc
        if options["new"]:
            if not config.default:
                raise CommandError(
                    "Certifikatet är konfigurerat med SAMVERKAN_SIGNING_CERT; --new ersätter "
                    "bara det självsignerade democertifikatet."
                )
            pdf.signing_certificate_make(config.cert, config.key, passphrase=config.passphrase)
            self.stdout.write("Nytt självsignerat certifikat skapat.")
        try:
            pdf.signing_ready()
            cert = x509.load_pem_x509_certificate(config.cert.read_bytes())
        except (pdf.SigningError, OSError, ValueError) as exc:
            raise CommandError(f"Certifikatet kan inte användas: {exc}") from exc
        kind = "självsignerat democertifikat" if config.default else "konfigurerat certifikat"
        self.stdout.write(f"Certifikat ({kind}): {config.cert}")
        self.stdout.write(f"Nyckel: {config.key}")
        self.stdout.write(f"Innehavare: {cert.subject.rfc4514_string()}")
        self.stdout.write(f"Utfärdare: {cert.issuer.rfc4514_string()}")
        self.stdout.write(
            f"Giltigt: {cert.not_valid_before_utc:%Y-%m-%d} – {cert.not_valid_after_utc:%Y-%m-%d}"
        )
        self.stdout.write(f"SHA-256-fingeravtryck: {cert.fingerprint(hashes.SHA256()).hex(':')}")
