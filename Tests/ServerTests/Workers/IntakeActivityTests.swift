import Testing

@testable import Server

@Suite struct IntakeActivityTests {
  @Test func busyOnlyAfterAnAcceptedDeliveryWithinTheQuietPeriod() {
    let activity = IntakeActivity(quietPeriod: .seconds(3600))
    #expect(!activity.isBusy)
    activity.noteAccepted()
    #expect(activity.isBusy)
    let neverBusy = IntakeActivity(quietPeriod: .zero)
    neverBusy.noteAccepted()
    #expect(!neverBusy.isBusy)
  }

  /// 1,000 per second over 100 ms windows: 100 deliveries in a window.
  private func activity() -> IntakeActivity {
    IntakeActivity(surgeRate: 1_000, window: .milliseconds(100))
  }

  @Test func surgingFromTheRateInTheCurrentWindow() {
    let activity = activity()
    #expect(!activity.isSurging(atMillisecond: 0))
    for _ in 0..<99 { activity.noteAccepted(atMillisecond: 10) }
    #expect(!activity.isSurging(atMillisecond: 20))
    activity.noteAccepted(atMillisecond: 50)
    #expect(activity.isSurging(atMillisecond: 60))
  }

  @Test func aFullWindowKeepsCountingUntilTheNextOneEnds() {
    let activity = activity()
    for _ in 0..<100 { activity.noteAccepted(atMillisecond: 0) }
    // The window has ended; until another has, its count is the latest rate.
    #expect(activity.isSurging(atMillisecond: 150))
    // Nothing for a whole window after it: quiet.
    #expect(!activity.isSurging(atMillisecond: 200))
  }

  @Test func theNextWindowStartsFromThePreviousCount() {
    let activity = activity()
    for _ in 0..<100 { activity.noteAccepted(atMillisecond: 0) }
    // A new window starts with one delivery: still surging from the window just before it.
    activity.noteAccepted(atMillisecond: 120)
    #expect(activity.isSurging(atMillisecond: 130))
    // The window after that one counts only its own (the one before it held a single delivery).
    activity.noteAccepted(atMillisecond: 230)
    #expect(!activity.isSurging(atMillisecond: 240))
  }

  @Test func aGapOfMoreThanAWindowForgetsThePreviousCount() {
    let activity = activity()
    for _ in 0..<100 { activity.noteAccepted(atMillisecond: 0) }
    activity.noteAccepted(atMillisecond: 250)
    #expect(!activity.isSurging(atMillisecond: 260))
  }

  @Test func aSlowSteadyStreamNeverSurges() {
    let activity = activity()
    // 500 per second for 3 seconds: busy all along, never surging.
    for millisecond in stride(from: Int64(0), to: 3_000, by: 2) {
      activity.noteAccepted(atMillisecond: millisecond)
      #expect(!activity.isSurging(atMillisecond: millisecond))
    }
  }
}
