"""Prints bench/run's table (Markdown) and the targets of issue 6 from its results file.
Usage: report.py RESULTS CEILING_RS256 CEILING_ES256 MACHINE CONNECTIONS SECONDS"""
import sys

results, ceiling_rs, ceiling_es, machine, connections, seconds = sys.argv[1:7]
ceiling = {"RS256": float(ceiling_rs), "ES256": float(ceiling_es)}
data = {}
for line in open(results):
    target, key, value = line.rstrip("\n").split("\t")
    if value.startswith("rps="):
        value = {k: float(v) for k, v in (part.split("=") for part in value.split())}
    data.setdefault(target, {})[key] = value

KC, MEM, REDIS = "Keycloak", "CivicID (memory)", "CivicID (redis)"
targets = [t for t in (KC, MEM, REDIS) if t in data]
civicids = [t for t in (MEM, REDIS) if t in data]
scenarios = ["client_credentials RS256", "client_credentials ES256", "refresh_token RS256", "refresh_token ES256",
             "introspection", "JWKS", "discovery", "federated sign-in RS256",
             "federated sign-in RS256, userinfo"]
grants = scenarios[:4]
SIGN_IN, SIGN_IN_USERINFO = scenarios[-2:]
# Signatures per request: client_credentials an access token; refresh_token (scope openid) an access and an ID token.
signatures = {"client_credentials": 1, "refresh_token": 2}


def get(target, key):
    value = data.get(target, {}).get(key)
    return None if isinstance(value, dict) and value["requests"] == 0 else value  # nothing finished: no figure


def ratio(a, b):
    return "%.2f" % (a / b) if a is not None and b else "–"


def figures(s):
    if not s:
        return ("–",) * 4
    return ("%.0f" % s["rps"], "%.1f / %.1f" % (s["p50_ms"], s["p99_ms"]), "%d" % s["errors"],
            "%.2f" % s["cpu_ms_per_req"] if "cpu_ms_per_req" in s else "–")


head = "| scenario (%s connections, %s s) |" % (connections, seconds)
rule = "| --- |"
for t in targets:
    head += " %s req/s | p50 / p99 ms | errors | CPU ms/req |" % t + (" ÷ Keycloak |" if t != KC else "")
    rule += " ---: | ---: | ---: | ---: |" + (" ---: |" if t != KC else "")
print("Machine: %s\n" % machine)
print("Requests/s and latency from wrk (-t2) or SignInLoad.java (one whole sign-in = one request); CPU ms/req is the"
      " broker JVM's own CPU time per request (for the sign-in, warm-up included), which stays comparable on a busy machine.\n")
print(head)
print(rule)
for scenario in scenarios:
    row = "| %s |" % scenario
    for t in targets:
        s = get(t, scenario)
        row += " %s | %s | %s | %s |" % figures(s)
        if t != KC:
            row += " %s |" % ratio(s and s["rps"], get(KC, scenario) and get(KC, scenario)["rps"])
    print(row)
for key, name in (("start_s", "start to ready (s)"), ("start_cpu_s", "CPU time to ready (s)"), ("rss_idle_mb", "resident memory idle (MB)"),
                  ("rss_load_mb", "resident memory after load (MB)")):
    row = "| %s |" % name
    for t in targets:
        v = get(t, key)
        row += " %s | | | |" % (("%.1f" % float(v) if key == "start_s" else v) if v is not None else "–")
        if t != KC:
            row += " %s |" % ratio(v and float(v), get(KC, key) and float(get(KC, key)))
    print(row)
if get(REDIS, "redis_rss_mb"):
    print("\nRedis itself after load: %s MB resident." % get(REDIS, "redis_rss_mb"))

print("\nJWT-signing ceiling of this JDK (SignBench, 2 threads): RS256 %.0f/s, ES256 %.0f/s." % (ceiling["RS256"], ceiling["ES256"]))
for t in civicids:
    parts = []
    for scenario in grants:
        s = get(t, scenario)
        grant, alg = scenario.split()
        if s:
            parts.append("%s %.0f %%" % (scenario, 100 * s["rps"] * signatures[grant] / ceiling[alg]))
    print("%s token grants as signatures/s against the ceiling: %s." % (t, ", ".join(parts)))

with_userinfo, without = get(MEM, SIGN_IN_USERINFO), get(MEM, SIGN_IN)
if with_userinfo and without:
    print("\nUserinfo (the same sign-in with one more call to the upstream, in memory): %+.2f ms of broker CPU a sign-in, "
          "%+.0f ms at p50, %.2f× the sign-ins/s." % (with_userinfo["cpu_ms_per_req"] - without["cpu_ms_per_req"],
                                                     with_userinfo["p50_ms"] - without["p50_ms"], with_userinfo["rps"] / without["rps"]))
print("\nTargets (issue 6), CivicID with the in-memory store unless said:")


def check(ok, text):
    print("- %s %s" % ("PASS" if ok else "FAIL", text))


def missing(scenario):
    print("- NO DATA %s (a broker finished no request in the measured time)" % scenario)


if MEM in data and KC in data:
    for scenario in grants:
        c, k = get(MEM, scenario), get(KC, scenario)
        if c and k:
            check(c["rps"] >= 2 * k["rps"], "%s ≥ 2× Keycloak: %s×" % (scenario, ratio(c["rps"], k["rps"])))
        else:
            missing(scenario)
    for scenario in grants:
        c = get(MEM, scenario)
        grant, alg = scenario.split()
        if c:
            share = c["rps"] * signatures[grant] / ceiling[alg]
            check(share >= 0.75, "%s ≥ 75 %% of the signing ceiling: %.0f %%" % (scenario, 100 * share))
    c, k = get(MEM, SIGN_IN), get(KC, SIGN_IN)
    if c and k:
        check(c["rps"] >= 3 * k["rps"], "federated sign-in ≥ 3× Keycloak: %s×" % ratio(c["rps"], k["rps"]))
    else:
        missing(SIGN_IN)
    for t in civicids:
        worse = [s for s in scenarios if get(t, s) and get(KC, s) and get(t, s)["p99_ms"] >= get(KC, s)["p99_ms"]]
        check(not worse, "%s p99 below Keycloak's at %s connections%s" % (t, connections, (": not for " + ", ".join(worse)) if worse else ""))
    for key, name in (("rss_idle_mb", "idle"), ("rss_load_mb", "after load")):
        c, k = get(MEM, key), get(KC, key)
        if c and k:
            check(float(c) * 3 <= float(k), "resident memory %s ≤ ⅓ of Keycloak's: %s MB vs %s MB" % (name, c, k))
    for t in civicids:
        c, k = get(t, "start_s"), get(KC, "start_s")
        if c and k:
            check(float(c) * 3 <= float(k), "%s start to ready ≤ ⅓ of Keycloak's: %.1f s vs %.1f s" % (t, float(c), float(k)))
    errors = sum(data[t][s]["errors"] for t in targets for s in scenarios if s in data[t])
    check(errors == 0, "no errors in any scenario (%d)" % errors)
if MEM in data and REDIS in data:
    for scenario in grants:
        m, r = get(MEM, scenario), get(REDIS, scenario)
        if m and r:
            cost = 1 - r["rps"] / m["rps"]
            check(cost <= 0.15, "Redis store costs ≤ 15 %% against in-memory on %s: %.0f %%" % (scenario, 100 * cost))
