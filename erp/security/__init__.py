"""Authentication and browser protections: login lockout, two-factor login, session limits, password
policy and the security headers (docs/security.md). Imports no module app."""
