// The lab tests run a PostgreSQL cluster as an unprivileged Unix user and keep credentials in 0600 files (Unix modes).
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
