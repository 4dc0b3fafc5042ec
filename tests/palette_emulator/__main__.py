"""CLI: ``PYTHONPATH=tests python -m palette_emulator --port 8080 --api-key K --with-moto``."""

import argparse
import logging
import signal
import sys
import threading

from .config import DEFAULT_SEED, EmulatorConfig
from .server import Emulator


def start_moto(port=0):
    from moto.server import ThreadedMotoServer

    from . import moto_patches
    moto_patches.apply()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    host, real_port = server.get_host_and_port()
    return server, "http://%s:%d" % (host, real_port)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m palette_emulator", description="Local Palette API emulator")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0 = any free port")
    ap.add_argument("--api-key", default="palette-emulator-key")
    aws = ap.add_mutually_exclusive_group()
    aws.add_argument("--aws-endpoint-url", help="an existing moto server")
    aws.add_argument("--with-moto", action="store_true", help="start an in-process moto server (with patches)")
    ap.add_argument("--moto-port", type=int, default=0)
    ap.add_argument("--seed", default=DEFAULT_SEED, help="seed JSON file")
    ap.add_argument("--provision-seconds", type=float)
    ap.add_argument("--pending-seconds", type=float)
    ap.add_argument("--delete-seconds", type=float)
    ap.add_argument("--force-delete-after-seconds", type=float)
    ap.add_argument("--page-size", type=int)
    args = ap.parse_args(argv)

    moto = None
    endpoint = args.aws_endpoint_url
    if args.with_moto:
        moto, endpoint = start_moto(args.moto_port)
    cfg = EmulatorConfig(host=args.host, port=args.port, api_key=args.api_key, seed_file=args.seed,
                         aws_endpoint_url=endpoint)
    for name in ("provision_seconds", "pending_seconds", "delete_seconds", "force_delete_after_seconds",
                 "page_size"):
        if getattr(args, name) is not None:
            setattr(cfg, name, getattr(args, name))
    emu = Emulator(cfg).start()
    print("Palette emulator listening on %s (admin API: %s/_emulator/)" % (emu.url, emu.url))
    if moto is not None:
        print("moto server listening on %s" % endpoint)
    print("\n# export these:")
    print("export PALETTE_HOST=%s" % emu.url)
    print("export PALETTE_API_KEY=%s" % cfg.api_key)
    print("export PALETTE_PROJECT=Default")
    if endpoint:
        print("export AWS_ENDPOINT_URL=%s" % endpoint)
        print("export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 "
              "AWS_EC2_METADATA_DISABLED=true")
    sys.stdout.flush()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: done.set())
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    emu.stop()
    if moto is not None:
        moto.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
