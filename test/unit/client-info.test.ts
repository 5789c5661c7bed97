import { clientName, ipPrefix } from '../../src/modules/identity/client-info';

describe('ipPrefix: the network of an address, never the address', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:198.51.100.9', '198.51.100.0/24'],
    ['2001:db8:abcd:12:3456::9', '2001:db8:abcd::/48'],
    ['2001:0db8:00ac:1:2:3:4:5', '2001:db8:ac::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
  ])('%s → %s', (address, prefix) => {
    expect(ipPrefix(address)).toBe(prefix);
  });

  it.each([null, undefined, '', 'not an address', '999.1.1.1', '1:2:3:4:5:6:7:8:9'])(
    '%p → null',
    (address) => {
      expect(ipPrefix(address)).toBeNull();
    },
  );
});

describe('clientName: a person’s name for a User-Agent', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0',
      'Firefox on Windows',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      'Chrome on macOS',
    ],
    ['curl/8.4.0', 'Unknown client'],
    ['x'.repeat(5000), 'Unknown client'],
  ])('%s → %s', (ua, name) => {
    expect(clientName(ua)).toBe(name);
  });

  it('is null without a header', () => {
    expect(clientName(null)).toBeNull();
    expect(clientName('')).toBeNull();
  });
});
