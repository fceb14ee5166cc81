"""LogoForm: any bytes under any name, any text: a stored logo or a French refusal."""

import io

from hypothesis import example, given
from hypothesis import strategies as st

from tests.branding.test_images import png, svg

from .checks import post_and_check
from .conftest import FUZZ
from .strategies import nasty_text

LOGO = "/tableau-de-bord/logo"


@FUZZ
@example(content=svg(b"<script>x</script>"), name="logo.svg", alt="Logo")
@example(content=png(), name="logo.svg", alt="")
@example(content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, name="logo.png", alt="Logo")
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        nasty_text().map(str.encode),
        st.builds(svg, nasty_text().map(str.encode)),
    ),
    name=st.sampled_from(["logo.png", "logo.svg", "logo", "../../etc/passwd", "é.PNG"]),
    alt=nasty_text(),
)
def test_logo_form(app, client, world, sign_in, content, name, alt):
    sign_in(world.coordinator)
    response = post_and_check(
        app,
        client,
        LOGO,
        {"file": (io.BytesIO(content), name), "alt_text": alt},
        content_type="multipart/form-data",
    )
    assert response.status_code in (302, 400, 422)
