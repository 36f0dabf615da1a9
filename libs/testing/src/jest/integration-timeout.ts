// Integration tests start real servers; give them room without hiding a hang.
jest.setTimeout(30_000);
