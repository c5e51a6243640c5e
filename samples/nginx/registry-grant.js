// The cache key of nginx's download grants (README, "Downloads sent by nginx", grants): a SHA-256 of the URL and of
// every header the registry reads a token from. Two requests share a grant only when they carry the same credentials
// for the same URL, and nginx's cache files hold this hash, never a token.
// Written for njs 0.7 (Debian 12's libnginx-mod-http-js) and later: no destructuring, no arrow functions.
import crypto from 'crypto';

// The headers CredentialReader reads a token from, and Cookie: a host's own sign-in never gets a grant, but a cookie
// in the key costs nothing and keeps a grant from ever outliving a change of session.
var credentialHeaders = ['authorization', 'private-token', 'deploy-token', 'job-token', 'x-nuget-apikey', 'cookie'];

function grantKey(r) {
  var parts = [r.variables.request_uri];
  // Every copy of every credential header, in order: a repeated header must not collide with a single one.
  var raw = r.rawHeadersIn;
  for (var i = 0; i < raw.length; i++) {
    var name = raw[i][0].toLowerCase();
    if (credentialHeaders.indexOf(name) >= 0) {
      parts.push(name, raw[i][1]);
    }
  }

  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

export default { grantKey };
