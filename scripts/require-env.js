// Fails fast with a clear message when a required environment variable is missing (used by npm scripts).
for (const name of process.argv.slice(2)) {
  if (!process.env[name]) {
    process.stderr.write(`${name} must be set, e.g. ${name}=postgres://user:pass@localhost:5432/postgres\n`);
    process.exit(2);
  }
}
