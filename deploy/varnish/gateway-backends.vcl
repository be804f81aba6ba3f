# The gateway processes behind the edge: one backend each, all in the `gateways` director.
# This file is the example for two processes on ports 4001 and 4002 (PORT=4001 npm run
# start:prod, PORT=4002 …); `npm run stack` and the tests write their own for their ports.
backend gateway1 {
  .host = "127.0.0.1";
  .port = "4001";
  .probe = gateway_ready;
  .connect_timeout = 1s;
  .first_byte_timeout = 30s;
  .between_bytes_timeout = 30s;
}

backend gateway2 {
  .host = "127.0.0.1";
  .port = "4002";
  .probe = gateway_ready;
  .connect_timeout = 1s;
  .first_byte_timeout = 30s;
  .between_bytes_timeout = 30s;
}

sub vcl_init {
  new gateways = directors.round_robin();
  gateways.add_backend(gateway1);
  gateways.add_backend(gateway2);
}
