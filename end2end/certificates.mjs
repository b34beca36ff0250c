// A throwaway certificate authority and a certificate for 127.0.0.1, made with openssl, so the
// sample service owner's system is served over https as service owners' systems must be. The
// dialog hub trusts the authority through --outbound-root-ca; the browser ignores it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";

export function ensureCertificates(dir) {
  if (existsSync(`${dir}/service-owner.pem`)) return;
  mkdirSync(dir, { recursive: true });
  const openssl = (...args) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
    "-subj", "/CN=Dialog hub test authority",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
  openssl("req", ...ec, "-keyout", "service-owner.key", "-out", "service-owner.csr", "-subj", "/CN=127.0.0.1");
  writeFileSync(`${dir}/service-owner.ext`,
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
  openssl("x509", "-req", "-in", "service-owner.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
    "-out", "service-owner.pem", "-days", "30", "-extfile", "service-owner.ext");
}
