import io

from django.core.management import call_command

from samverkan.access.policy import audience_for, may_manage_body
from samverkan.accounts.models import User
from samverkan.structure.models import Body, Person


def test_demo_accounts_can_run_the_rsr_flow_and_print_fresh_passwords(demo):
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    lines = {
        line.split()[0]: line.split()[1]
        for line in out.getvalue().splitlines()
        if line.startswith("  ")
    }
    assert set(lines) == {"admin", "sekreterare", "ordforande", "ledamot"}
    rsr = Body.objects.get(slug="rsr")
    secretary = User.objects.get(username="sekreterare")
    assert secretary.check_password(lines["sekreterare"])
    assert may_manage_body(audience_for(secretary), rsr.pk)
    assert not may_manage_body(audience_for(User.objects.get(username="ledamot")), rsr.pk)
    assert Person.objects.get(name="Jonas Andersson").user.username == "ordforande"
    again = io.StringIO()
    call_command("demo_accounts", stdout=again)
    assert User.objects.count() == 4
    assert not User.objects.get(username="admin").check_password(lines["admin"])
