# The edge cache in front of the gateway processes (Varnish 7.1 with vmod xkey from Debian's
# varnish-modules). See docs/deployment.md.
#
# - Readers' GET/HEAD requests (queries, persisted queries, feeds) are cached as the gateway's
#   own headers say: `Cache-Control` (s-maxage, else max-age) for how long, `Surrogate-Key` for
#   what purges them (copied into xkey), `Vary` for which variants.
# - Requests with an `Authorization` header or a cookie (editors, previews, anyone signed in)
#   and every other method (POST queries, mutations) pass through, never cached.
# - `PURGE` with an `xkey-purge: <tags>` header, from the `purgers` ACL, purges every object
#   carrying any of the tags: the gateway sends one per publication event (EDGE_PURGE_URLS).
# - `stale-while-revalidate` (Varnish reads it into the grace) serves an expired copy while a
#   fresh one is fetched; `stale-if-error` extends the grace, used only while no gateway is
#   healthy, so the edge keeps serving through a restart or an outage.
# - The gateway processes are balanced per request by a round-robin director, with a
#   readiness probe (/readyz, 503 while a process drains) and a retry on another process for
#   an idempotent request whose process went away.
#
# The backends come from `gateway-backends.vcl` (found on vcl_path): `npm run stack` and the
# tests write one for their ports; deploy/varnish/gateway-backends.vcl is the example for two
# processes on ports 4001 and 4002.
vcl 4.1;

import std;
import directors;
import xkey;

probe gateway_ready {
  .url = "/readyz";
  .interval = 1s;
  .timeout = 2s;
  .window = 3;
  .threshold = 2;
  .initial = 1;
}

include "gateway-backends.vcl";

# Who may purge: the gateway processes (loopback here; list their hosts when apart).
acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  if (req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Not a purger"));
    }
    if (!req.http.xkey-purge) {
      return (synth(400, "xkey-purge header missing"));
    }
    set req.http.x-edge-purged = xkey.purge(req.http.xkey-purge);
    return (synth(200, "Purged " + req.http.x-edge-purged));
  }
  set req.backend_hint = gateways.backend();
  unset req.http.x-edge-status;

  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  # Editors' and signed-in requests: never from, nor into, the cache.
  if (req.http.Authorization || req.http.Cookie) {
    return (pass);
  }
  # A live subscription (SSE) is a stream, not a document.
  if (req.http.Accept ~ "text/event-stream") {
    return (pass);
  }
  # Past its stale-while-revalidate with a healthy gateway (see vcl_hit): a fresh fetch.
  if (req.restarts == 0) {
    unset req.http.x-edge-refetch;
  } elsif (req.http.x-edge-refetch == "fresh") {
    set req.grace = 0s;
  } else {
    # The stale fallback after a failed fresh fetch (vcl_deliver): whatever grace the object
    # has. req.grace cannot be unset, and 0s would survive the restart.
    set req.grace = 3650d;
  }
  return (hash);
}

sub vcl_hit {
  # The object's grace is max(stale-while-revalidate, stale-if-error). While a gateway is
  # healthy only the stale-while-revalidate part may be served stale; the rest is for errors.
  if (obj.ttl < 0s && std.healthy(req.backend_hint) && !req.http.x-edge-refetch &&
      obj.ttl + std.duration(obj.http.x-edge-swr + "s", 0s) < 0s) {
    set req.http.x-edge-refetch = "fresh";
    return (restart);
  }
  if (obj.ttl >= 0s) {
    set req.http.x-edge-status = "hit";
  } else {
    set req.http.x-edge-status = "hit; fwd=stale";
  }
}

sub vcl_miss {
  set req.http.x-edge-status = "fwd=miss";
}

sub vcl_pass {
  set req.http.x-edge-status = "fwd=bypass";
}

sub vcl_backend_fetch {
  if (bereq.http.Accept ~ "text/event-stream") {
    set bereq.between_bytes_timeout = 1h;
  }
}

sub vcl_backend_response {
  # A process draining or failing: the same idempotent request once more, on another one.
  if (beresp.status >= 500 && (bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 2) {
    return (retry);
  }
  # A background refresh that failed keeps the stale copy rather than caching the error.
  if (beresp.status >= 500 && bereq.is_bgfetch) {
    return (abandon);
  }
  if (beresp.http.Surrogate-Key) {
    set beresp.http.xkey = beresp.http.Surrogate-Key;
  }
  # Varnish has read stale-while-revalidate into beresp.grace; kept to tell it from
  # stale-if-error at hit time.
  set beresp.http.x-edge-swr = "0";
  if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
    set beresp.http.x-edge-swr = regsub(beresp.http.Cache-Control, "^.*stale-while-revalidate=([0-9]+).*$", "\1");
  }
  if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
    set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1") + "s", 0s)
      + std.duration(beresp.http.x-edge-swr + "s", 0s);
  }
}

sub vcl_backend_error {
  # Connection refused or timed out (a stopped process): retry on another, if idempotent.
  if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 2) {
    return (retry);
  }
}

sub vcl_deliver {
  # That fresh fetch failed (the gateway went away before its probe said so): the stale copy
  # after all, as stale-if-error allows.
  if (resp.status >= 500 && req.http.x-edge-refetch == "fresh") {
    set req.http.x-edge-refetch = "stale";
    return (restart);
  }
  unset resp.http.xkey;
  unset resp.http.x-edge-swr;
  # RFC 9211: each cache appends its entry, the one nearest the client last.
  if (resp.http.Cache-Status) {
    set resp.http.Cache-Status = resp.http.Cache-Status + ", news-edge; " + req.http.x-edge-status;
  } else {
    set resp.http.Cache-Status = "news-edge; " + req.http.x-edge-status;
  }
}
