"""The site's icon: an SVG linked from every page, and /favicon.ico where browsers and
feed readers look for it unasked."""

from django.conf import settings
from django.contrib.staticfiles import finders
from lxml import etree, html


def test_favicon_ico_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO directory
    assert "max-age" in response["Cache-Control"]


def test_every_page_links_the_svg_icon_and_the_ico(client, db):
    page = html.fromstring(client.get("/konto/logga-in/").content)
    icons = {
        link.get("type", ""): link.get("href") for link in page.xpath("//head/link[@rel='icon']")
    }
    assert icons["image/svg+xml"].endswith("samverkan/favicon.svg")
    assert icons[""] == "/favicon.ico"
    svg = etree.parse(finders.find("samverkan/favicon.svg")).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 64 64"
    assert (settings.PACKAGE_DIR / "static" / "samverkan" / "favicon.ico").is_file()
