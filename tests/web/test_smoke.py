def test_login_page_is_french(client):
    response = client.get("/connexion")
    assert response.status_code == 200
    assert "Connexion" in response.get_data(as_text=True)


def test_member_sees_own_org(make, client, login_as):
    member = make.member()
    login_as(member)
    response = client.get(f"/organisations/{member.organisation_id}")
    assert response.status_code == 200
