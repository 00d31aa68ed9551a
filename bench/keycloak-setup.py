"""Sets up Keycloak's side of the benchmark through its admin REST API (as ../shared/peers/keycloak/run.sh does):
the realm of keycloak-realm.json (two apps, RS256 and ES256, each in the audience of its own tokens; refresh tokens rotated and reuse refused, as CivicID does;
the upstream stub as an OIDC identity provider), an ES256 key pair (a realm has only RSA ones by default), and the
first broker login's profile review switched off so a first sign-in does not stop at a form.
Usage: KC_URL=http://127.0.0.1:18080 STUB_PORT=18090 python3 keycloak-setup.py keycloak-realm.json"""
import json
import os
import sys
import urllib.parse
import urllib.request

base, stub_port = os.environ["KC_URL"], os.environ["STUB_PORT"]


def call(method, path, token=None, body=None, form=None):
    headers = {}
    data = None
    if token:
        headers["Authorization"] = "Bearer " + token
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read()
        return json.loads(text) if text else None


token = call("POST", "/realms/master/protocol/openid-connect/token",
             form={"client_id": "admin-cli", "username": "admin", "password": "admin", "grant_type": "password"})["access_token"]
with open(sys.argv[1]) as f:
    realm = json.loads(f.read().replace("@STUB_PORT@", stub_port))
call("POST", "/admin/realms", token, realm)
realm_id = call("GET", "/admin/realms/bench", token)["id"]
call("POST", "/admin/realms/bench/components", token, {
    "name": "ecdsa-generated", "providerId": "ecdsa-generated", "providerType": "org.keycloak.keys.KeyProvider",
    "parentId": realm_id, "config": {"priority": ["100"], "ecdsaEllipticCurveKey": ["P-256"], "active": ["true"], "enabled": ["true"]}})
executions = call("GET", "/admin/realms/bench/authentication/flows/first%20broker%20login/executions", token)
review = next(e for e in executions if e.get("providerId") == "idp-review-profile")
config = call("GET", "/admin/realms/bench/authentication/config/" + review["authenticationConfig"], token)
config["config"]["update.profile.on.first.login"] = "off"
call("PUT", "/admin/realms/bench/authentication/config/" + config["id"], token, config)
algorithms = sorted(k["algorithm"] for k in call("GET", "/admin/realms/bench/keys", token)["keys"])
if "ES256" not in algorithms or "RS256" not in algorithms:
    sys.exit("Keycloak realm keys lack RS256 or ES256: %s" % algorithms)
