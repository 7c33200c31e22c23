import Foundation
import History
import Testing

@Suite struct RetryScheduleTests {
  let start = Date(timeIntervalSince1970: 1_800_000_000)

  @Test func aFixedIntervalCountsAttemptsUntilTheLimit() {
    var schedule = RetrySchedule.fixed(limit: 3, interval: .seconds(10), stoppedAt: start)
    #expect(schedule.nextAttemptAt == start.addingTimeInterval(10))
    schedule = schedule.afterFailedAttempt(at: start.addingTimeInterval(11))
    #expect(schedule.attempts == 1)
    #expect(schedule.nextAttemptAt == start.addingTimeInterval(21))
    schedule = schedule.afterFailedAttempt(at: start.addingTimeInterval(22))
    #expect(schedule.nextAttemptAt == start.addingTimeInterval(32))
    schedule = schedule.afterFailedAttempt(at: start.addingTimeInterval(33))
    #expect(schedule.attempts == 3)
    #expect(schedule.isExhausted)
  }

  /// Make's delays when incomplete executions are on: 1 min, 10, 10, 30, 30, 30 min, 3 h, 3 h.
  @Test func makesBackoffFollowsItsTable() {
    var schedule = RetrySchedule.makeBackoff(stoppedAt: start)
    var now = start
    var delays: [TimeInterval] = []
    while let next = schedule.nextAttemptAt {
      delays.append(next.timeIntervalSince(now))
      now = next
      schedule = schedule.afterFailedAttempt(at: now)
    }
    #expect(delays == [60, 600, 600, 1_800, 1_800, 1_800, 10_800, 10_800])
    #expect(schedule.attempts == 8)
  }

  /// A resume asked for in the console is not counted: the attempts stay, and those left go on
  /// from the resume, the next after its usual delay; none when they were used up.
  @Test func aResumeByHandIsNotCounted() {
    let now = start.addingTimeInterval(5_000)
    var schedule = RetrySchedule.makeBackoff(stoppedAt: start).afterFailedAttempt(at: start.addingTimeInterval(60))
    #expect(schedule.attempts == 1)
    schedule = schedule.afterResumeByHand(at: now)
    #expect(schedule.attempts == 1)
    #expect(schedule.nextAttemptAt == now.addingTimeInterval(600))
    let usedUp = RetrySchedule(attempts: 3, limit: 3, intervalMilliseconds: 10_000, nextAttemptAt: nil)
    #expect(usedUp.afterResumeByHand(at: now) == usedUp)
  }
}
