import SonarAPI
import Testing

@Suite struct RateLimiterTests {
  @Test func reservationsAreSpacedByTheInterval() async {
    let limiter = RateLimiter(requestsPerSecond: 5)
    var waits: [Duration] = []
    for _ in 0..<4 { waits.append(await limiter.reserve()) }
    #expect(waits[0] == .zero)
    #expect(waits[1] > .milliseconds(150) && waits[1] <= .milliseconds(200))
    #expect(waits[3] > .milliseconds(550) && waits[3] <= .milliseconds(600))
  }
}
