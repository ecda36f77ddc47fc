// Secret shapes as programs print them (and what a reader sees instead, and what they are counted as),
// and lines that only look like secrets. Shared by the redaction unit tests and the ingest suites.

export const SECRET_CORPUS: [string, string, string][] = [
  ["Authorization: Bearer 4f9c2a7d8e1b3c5a", "Authorization: Bearer [REDACTED:bearer_token]", "bearer_token"],
  [
    "upstream sent Basic YWxpY2U6czNjcjN0LXB3 to /admin",
    "upstream sent Basic [REDACTED:basic_auth] to /admin",
    "basic_auth",
  ],
  [
    "connecting to postgres://app:hunter2@db.internal:5432/app",
    "connecting to postgres://app:[REDACTED:url_password]@db.internal:5432/app",
    "url_password",
  ],
  [
    "cache at redis://:t0ps3cret@redis:6379/0",
    "cache at redis://:[REDACTED:url_password]@redis:6379/0",
    "url_password",
  ],
  ["login failed user=bob password=correct-horse", "login failed user=bob password=[REDACTED:password]", "password"],
  ['{"user":"bob","password":"correct horse battery"}', '{"user":"bob","password":"[REDACTED:password]"}', "password"],
  ["client_secret=Zq8!xP2 refresh=yes", "client_secret=[REDACTED:secret] refresh=yes", "secret"],
  ["X-Api-Key: 9d8f7e6a5b4c", "X-Api-Key: [REDACTED:api_key]", "api_key"],
  ["csrf_token=a1b2c3d4e5", "csrf_token=[REDACTED:token]", "token"],
  ["using key AKIAIOSFODNN7EXAMPLE for s3", "using key [REDACTED:aws_access_key] for s3", "aws_access_key"],
  [
    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_SECRET_ACCESS_KEY=[REDACTED:secret]",
    "secret",
  ],
  ["maps key AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe ok", "maps key [REDACTED:gcp_api_key] ok", "gcp_api_key"],
  ["gcloud token ya29.a0AfH6SMBx3kVq9Zr8Lmn0pQ", "gcloud token [REDACTED:gcp_oauth_token]", "gcp_oauth_token"],
  [
    "key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY----- loaded",
    "key: [REDACTED:private_key] loaded",
    "private_key",
  ],
  ["truncated -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhki", "truncated [REDACTED:private_key]", "private_key"],
  [
    "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "session [REDACTED:jwt]",
    "jwt",
  ],
  [
    "CONSOLE_TOKEN opc_Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg",
    "CONSOLE_TOKEN [REDACTED:console_token]",
    "console_token",
  ],
];

/** Lines that only look like secrets: left as they are. */
export const LOOKALIKES = [
  "token refreshed for user 42",
  "password reset email sent to bob@example.com",
  "max_tokens=512 token_count=37",
  "secret manager: 3 secrets loaded",
  "the bearer of bad news",
  "Basic configuration complete",
  "GET https://example.com:8443/api?page=2 200",
  "AKIA is a prefix, AKIA123 is too short",
  "eyJ alone is not a token",
  "opc_ tokens are shown once",
  "private key rotation scheduled",
];
