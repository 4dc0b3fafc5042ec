"""Palette certificate checks apart from AWS's (issue 14 item 6), against the emulator behind a TLS proxy.

The proxy serves a certificate signed by a private CA the system does not trust. By default the module refuses it
with a message naming palette_ca_bundle and palette_validate_certs; palette_ca_bundle (option or PALETTE_CA_BUNDLE)
makes it trusted; palette_validate_certs=false skips the check; validate_certs=false (the AWS option) does not.
"""

import datetime
import http.client
import ipaddress
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from support import create_cluster as support_create_cluster
from support import play, res, task


def _cert(subject, issuer_key, issuer_name, key, ca):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=2)))
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_pki(directory):
    """(CA bundle path, server cert path, server key path) of a fresh private CA and a 127.0.0.1 certificate."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u"palette.aws test CA")])
    ca = _cert(ca_name, ca_key, ca_name, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u"127.0.0.1")]), ca_key, ca_name, key, ca=False)
    paths = (directory / "ca.pem", directory / "server.pem", directory / "server.key")
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return [str(p) for p in paths]


class _Forward(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _forward(self):
        target = self.server.target
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        headers = dict((k, v) for k, v in self.headers.items() if k.lower() not in ("host", "connection"))
        conn.request(self.command, self.path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward


@pytest.fixture
def tls_palette(palette_emulator, tmp_path):
    """https://127.0.0.1:<port> in front of the emulator, with a certificate of a private CA; yields (url, CA)."""
    ca, cert, key = make_pki(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Forward)
    server.daemon_threads = True
    server.target = urlsplit(palette_emulator.url)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield "https://127.0.0.1:%d" % server.server_address[1], ca
    server.shutdown()
    server.server_close()


def profiles(name, **args):
    return task(name, "palette.aws.cluster_profile_info", dict(args, cloud_type="eks"), ignore_errors=True)


def test_palette_certificate_checks_are_apart_from_aws(clean_env, run_playbook, tls_palette, tmp_path):
    url, ca = tls_palette
    tasks = [profiles("default checks"),
             profiles("aws validate_certs off", validate_certs=False),
             profiles("ca bundle", palette_ca_bundle=ca),
             profiles("checks off", palette_validate_certs=False),
             profiles("missing bundle", palette_ca_bundle=str(tmp_path / "nope.pem"))]
    clean_env.clear_requests()

    result = run_playbook(play(tasks), env={"PALETTE_HOST": url})

    assert result.statuses() == [("default checks", "failed"), ("aws validate_certs off", "failed"),
                                 ("ca bundle", "ok"), ("checks off", "ok"), ("missing bundle", "failed")], result
    for name in ("default checks", "aws validate_certs off"):
        msg = res(result, name)["msg"]
        assert "TLSError" in msg and "CERTIFICATE_VERIFY_FAILED" in msg, msg
        assert "palette_ca_bundle" in msg and "palette_validate_certs" in msg and "127.0.0.1" in msg
    assert res(result, "ca bundle")["profiles"] and res(result, "checks off")["profiles"]
    assert res(result, "missing bundle")["msg"].startswith("palette_ca_bundle: no file at %s" % (tmp_path / "nope.pem"))
    # two runs reached Palette through the proxy; the refused handshakes and the missing bundle sent nothing
    assert len(clean_env.requests(path_prefix="/v1/dashboard/clusterprofiles/metadata")) == 2


def test_the_ca_bundle_and_the_switch_come_from_the_environment(clean_env, run_playbook, tls_palette):
    url, ca = tls_palette
    by_bundle = run_playbook(play([profiles("env bundle")]), env={"PALETTE_HOST": url, "PALETTE_CA_BUNDLE": ca})
    off = run_playbook(play([profiles("env off")]), env={"PALETTE_HOST": url, "PALETTE_VALIDATE_CERTS": "false"})
    assert by_bundle.statuses() == [("env bundle", "ok")], by_bundle
    assert off.statuses() == [("env off", "ok")], off


def test_the_inventory_plugin_takes_the_palette_ca_bundle(clean_env, tls_palette, tmp_path, aws_env):
    """The AWX credential injects PALETTE_CA_BUNDLE: the inventory plugin reaches a Palette behind a private CA."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    url, ca = tls_palette
    support_create_cluster(clean_env, "tls-inv")
    config = tmp_path / "tls.palette_clusters.yml"
    config.write_text(json.dumps({"plugin": "palette.aws.palette_clusters"}))
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, **aws_env)
    env.update(PATH="%s%s%s" % (bin_dir, os.pathsep, env.get("PATH", "")),
               ANSIBLE_COLLECTIONS_PATH=str(Path(__file__).resolve().parents[2] / ".collections"),
               ANSIBLE_HOME=str(tmp_path / "ansible_home"), ANSIBLE_INVENTORY_UNPARSED_FAILED="true",
               PALETTE_HOST=url, PALETTE_API_KEY=clean_env.api_key, PALETTE_PROJECT="Default")
    env.pop("PALETTE_CA_BUNDLE", None)

    def listing(**extra):
        return subprocess.run([str(bin_dir / "ansible-inventory"), "-i", str(config), "--list"],
                              env=dict(env, **extra), capture_output=True, text=True, timeout=120, check=False)

    refused = listing()
    trusted = listing(PALETTE_CA_BUNDLE=ca)
    assert refused.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in refused.stderr, refused.stderr[-2000:]
    assert trusted.returncode == 0, trusted.stderr[-2000:]
    assert "tls-inv" in trusted.stdout
