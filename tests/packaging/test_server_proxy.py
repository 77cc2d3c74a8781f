"""packaging/server/nginx-kring.conf really fronts two `kring-server serve` processes with TLS.

The example is run as written except for what a test must change: its ports become free ones
on 127.0.0.1 (no IPv6 listener), its certificate is a throwaway self-signed one, and nginx
keeps its pid, logs and temporary files in the test's folder. Skipped where nginx is not
installed (CI does not install it; `apt-get install nginx-light` to run it).
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app import __version__
from tests.server.pg import free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "packaging" / "server" / "nginx-kring.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")


def self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kring.example.org")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("kring.example.org"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def site_config(https: int, http: int, backends: tuple[int, int], cert: Path, key: Path) -> str:
    text = re.sub(r"^\s*#.*\n", "", EXAMPLE.read_text(), flags=re.M)  # comments: not run
    text = re.sub(r"^\s*listen \[::\]:.*\n", "", text, flags=re.M)
    text = text.replace("listen 443 ssl", f"listen 127.0.0.1:{https} ssl")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http};")
    text = text.replace("127.0.0.1:8766", f"127.0.0.1:{backends[0]}")
    text = text.replace("127.0.0.1:8767", f"127.0.0.1:{backends[1]}")
    text = text.replace("/etc/letsencrypt/live/kring.example.org/fullchain.pem", str(cert))
    text = text.replace("/etc/letsencrypt/live/kring.example.org/privkey.pem", str(key))
    # Every example port replaced (a random port like 44309 may contain "443": whole numbers).
    assert not re.search(r"\b(8766|8767|443|80)\b", text) and "letsencrypt" not in text
    return text


def wait_for(url: str, **options) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, timeout=2, **options)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)  # polling a starting process: nothing to wait on but its port


def test_the_nginx_example_serves_two_server_processes_over_tls(tmp_path):
    cert, key = self_signed(tmp_path)
    https, http = free_port(), free_port()
    backends = (free_port(), free_port())
    (tmp_path / "site.conf").write_text(site_config(https, http, backends, cert, key))
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}\ndaemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/body; "
        f"proxy_temp_path {tmp_path}/proxy; include {tmp_path}/site.conf; }}\n"
    )
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr

    server = Path(sys.executable).with_name("kring-server")
    processes = []
    for port in backends:
        db = f"sqlite:///{tmp_path / f'{port}.sqlite'}"
        command = [server, "serve", "--db", db, "--port", str(port), "--behind-proxy"]
        processes.append(
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )
    proxy = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for port in backends:
            assert wait_for(f"http://127.0.0.1:{port}/v1/health").status_code == 200
        url = f"https://127.0.0.1:{https}/v1/health"
        trusted = ssl.create_default_context(cafile=str(cert))
        answer = wait_for(url, verify=trusted)
        assert answer.status_code == 200
        assert answer.json()["version"] == __version__
        # Plain HTTP is sent to HTTPS.
        plain = wait_for(f"http://127.0.0.1:{http}/v1/health")
        assert plain.status_code == 301
        assert plain.headers["location"].startswith("https://")
        # One process gone: the other answers every request.
        processes[0].terminate()
        processes[0].wait(timeout=10)
        for _ in range(4):
            assert httpx.get(url, verify=trusted, timeout=5).status_code == 200
    finally:
        proxy.terminate()
        for process in processes:
            process.terminate()
        for process in [proxy, *processes]:
            process.wait(timeout=10)
