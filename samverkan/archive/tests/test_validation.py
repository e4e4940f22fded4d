"""The validator: the ERMS schema and its Schematron rules catch a broken file."""

from lxml import etree

from samverkan.archive.validation import validate_erms, validate_schematron, validate_xsd

NS = "https://DILCIS.eu/XML/ERMS"

MINIMAL = f"""<?xml version="1.0" encoding="UTF-8"?>
<erms xmlns="{NS}">
  <control>
    <identification identificationType="uuid">x</identification>
    <maintenanceInformation>
      <maintenanceStatus value="new"/>
      <maintenanceAgency><agencyName>Region</agencyName></maintenanceAgency>
      <maintenanceHistory><maintenanceEvent>
        <eventType value="created"/>
        <eventDateTime>2025-05-05T00:00:00Z</eventDateTime>
        <agent agentType="creator"><name>Samverkan</name></agent>
      </maintenanceEvent></maintenanceHistory>
    </maintenanceInformation>
  </control>
  <aggregations>
    <aggregation systemIdentifier="a1" aggregationType="caseFile">
      <objectId>a1</objectId>
      <title>Ärende</title>
      <dates><date dateType="created">2025-05-05T00:00:00Z</date></dates>
    </aggregation>
  </aggregations>
</erms>
""".encode()


def test_a_minimal_case_file_is_valid():
    assert validate_erms(MINIMAL) == []


def test_schematron_reports_other_date_type_without_its_name():
    broken = MINIMAL.replace(b'dateType="created"', b'dateType="other"')
    assert validate_xsd(broken) == []  # the schema alone lets it through
    problems = validate_schematron(broken)
    assert len(problems) == 1
    assert "otherDateType" in problems[0].message
    assert "date" in problems[0].where


def test_schematron_reports_own_aggregation_type_without_its_name():
    broken = MINIMAL.replace(b'"caseFile"', b'"own_aggregation_definition"')
    problems = validate_erms(broken)
    assert len(problems) == 1 and "otherAggregationType" in problems[0].message


def test_schema_reports_an_element_out_of_place():
    doc = etree.fromstring(MINIMAL)
    agg = doc.find(f".//{{{NS}}}aggregation")
    etree.SubElement(agg, f"{{{NS}}}bogus").text = "x"
    problems = validate_erms(etree.tostring(doc))
    assert problems and "bogus" in problems[0].message


def test_a_file_that_is_not_xml_is_reported():
    assert validate_erms(b"<erms")
