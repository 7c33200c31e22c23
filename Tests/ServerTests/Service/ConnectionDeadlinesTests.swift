import Testing

@testable import Server

@Suite struct ConnectionDeadlinesTests {
  let limits = ConnectionDeadlines.Limits(header: .seconds(1), body: .seconds(2), idle: .seconds(3))

  @Test func aNewConnectionHasTheHeaderDeadlineThenTheBodysThenNoneThenIdle() {
    var deadlines = ConnectionDeadlines(limits: limits)
    #expect(deadlines.timeout == .seconds(1))
    deadlines.headRead()
    #expect(deadlines.timeout == .seconds(2))
    deadlines.bodyEnded()
    #expect(deadlines.timeout == nil)
    deadlines.responseEnded()
    #expect(deadlines.timeout == .seconds(3))
    deadlines.headRead()
    #expect(deadlines.timeout == .seconds(2))
  }

  @Test func aRequestAnsweredBeforeItsBodyKeepsTheBodyDeadlineThenGoesIdle() {
    var deadlines = ConnectionDeadlines(limits: limits)
    deadlines.headRead()
    deadlines.responseEnded()  // a 404 sent before the body was read
    #expect(deadlines.timeout == .seconds(2))
    deadlines.bodyEnded()
    #expect(deadlines.timeout == .seconds(3))
  }

  @Test func pipelinedRequestsWaitForEveryResponse() {
    var deadlines = ConnectionDeadlines(limits: limits)
    deadlines.headRead()
    deadlines.bodyEnded()
    deadlines.headRead()
    deadlines.bodyEnded()
    deadlines.responseEnded()
    #expect(deadlines.timeout == nil)
    deadlines.responseEnded()
    #expect(deadlines.timeout == .seconds(3))
  }
}
