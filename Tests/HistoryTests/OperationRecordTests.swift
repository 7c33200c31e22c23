import History
import Testing

@Suite struct OperationRecordTests {
  private func record(_ duration: Duration) -> OperationRecord {
    OperationRecord(sequence: 1, moduleID: 2, moduleName: "util.setVariable", duration: duration)
  }

  @Test func durationsAreStoredInWholeMicrosecondsRoundedTowardZero() {
    #expect(record(.zero).durationMicroseconds == 0)
    #expect(record(.nanoseconds(1_999)).durationMicroseconds == 1)
    #expect(record(.seconds(2) + .nanoseconds(500)).durationMicroseconds == 2_000_000)
    #expect(record(.nanoseconds(-1_999)).durationMicroseconds == -1)
  }

  @Test func durationsBeyondInt64MicrosecondsSaturate() {
    #expect(record(.seconds(Int64.max / 2)).durationMicroseconds == Int64.max)
    #expect(record(.seconds(Int64.min / 2)).durationMicroseconds == Int64.min)
  }
}
