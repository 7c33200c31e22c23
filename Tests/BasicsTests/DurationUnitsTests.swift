import Basics
import Testing

@Suite struct DurationUnitsTests {
  @Test func wholeUnitsRoundTowardZero() {
    let duration = Duration.seconds(2) + .nanoseconds(1_999)
    #expect(duration.wholeNanoseconds == 2_000_001_999)
    #expect(duration.wholeMicroseconds == 2_000_001)
    #expect(duration.wholeMilliseconds == 2_000)
    #expect(Duration.milliseconds(-1500).wholeMilliseconds == -1_500)
  }

  @Test func hugeDurationsSaturate() {
    let huge = Duration.seconds(Int64.max / 10)
    #expect(huge.wholeNanoseconds == .max)
    #expect(huge.wholeMicroseconds == .max)
    #expect(Duration.seconds(Int64.min / 10).wholeNanoseconds == .min)
  }

  @Test func fractionalUnits() {
    #expect(Duration.microseconds(1_500).milliseconds == 1.5)
    #expect(Duration.milliseconds(2_500).seconds == 2.5)
  }
}
