import Basics
import Testing

@Suite struct HTTPExchangeTests {
  @Test(arguments: [
    ("https://api.sendsonar.com/api/v1/messages", "/api/v1/messages"),
    (
      "http://127.0.0.1:8080/api/v1/customers?phone_number=%2B1&token=<redacted>",
      "/api/v1/customers?phone_number=%2B1&token=<redacted>"
    ),
    ("http://sonar.replay.invalid?x=1", "/?x=1"),
    ("http://sonar.replay.invalid", "/"),
    ("https://user:pw@host.test:443/a/b#frag", "/a/b#frag"),
    ("/api/v1/messages", "/api/v1/messages"),
    ("mailto:someone@example.test", "mailto:someone@example.test"),
    ("urn:a:/b://host/path", "/path"),
    ("https://hôte.test/çà?q=é", "/çà?q=é"),
    ("", ""),
  ])
  func pathAndQueryDropsSchemeAndHost(url: String, expected: String) {
    #expect(HTTPExchange.pathAndQuery(of: url) == expected)
  }
}
