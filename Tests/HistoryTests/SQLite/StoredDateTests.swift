import Foundation
import GRDB
import Testing

@testable import SQLiteHistory

/// The history file's dates are written by `StoredDate` instead of GRDB's formatter: the text must
/// be exactly what GRDB writes, or files would hold two forms of the same date.
@Suite struct StoredDateTests {
  private static func grdbText(_ date: Date) -> String? {
    String.fromDatabaseValue(date.databaseValue)
  }

  @Test func matchesGRDBsTextOnEdgeDates() throws {
    let dates: [Date] = [
      Date(timeIntervalSince1970: 0),
      Date(timeIntervalSince1970: -0.0005),
      Date(timeIntervalSince1970: -1),
      Date(timeIntervalSince1970: 0.0009999),
      Date(timeIntervalSince1970: 0.001),
      Date(timeIntervalSince1970: 1_764_115_200.9999),
      Date(timeIntervalSince1970: 1_764_115_199.999),
      Date(timeIntervalSinceReferenceDate: 0),
      Date(timeIntervalSinceReferenceDate: 0.0005),
      Date(timeIntervalSinceReferenceDate: 786_389_123.4565),
      Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
      Date(timeIntervalSince1970: 4_107_542_399.999),  // 2100-02-28 23:59:59.999
      Date(timeIntervalSince1970: 4_107_542_400),  // 2100-03-01 (no 29 February)
      Date(timeIntervalSince1970: -11_676_096_000),  // 1600-01-01
      Date(timeIntervalSince1970: 253_402_300_799.999),  // 9999-12-31 23:59:59.999
    ]
    for date in dates {
      #expect(StoredDate.text(date) == Self.grdbText(date), "\(date.timeIntervalSince1970)")
    }
  }

  @Test func matchesGRDBsTextOnRandomDates() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      // 1600 to 9999, and the years around now at full resolution.
      let wide = Double.random(in: -11_676_096_000..<253_402_300_800, using: &generator)
      let recent = Double.random(in: 1_600_000_000..<1_900_000_000, using: &generator)
      for seconds in [wide, recent] {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredDate.text(date) == Self.grdbText(date), "\(seconds)")
      }
    }
  }

  @Test func leavesYearsOutsideItsRangeToGRDB() {
    #expect(StoredDate.text(Date(timeIntervalSince1970: -11_676_096_000.001)) == nil)  // 1599
    #expect(StoredDate.text(Date(timeIntervalSince1970: 253_402_300_800)) == nil)  // 10000
    #expect(StoredDate.text(Date(timeIntervalSince1970: 1e15)) == nil)
    #expect(StoredDate.text(.distantPast) == nil)
    // Year 4001, inside the range: written as GRDB writes it.
    #expect(StoredDate.text(.distantFuture) == Self.grdbText(.distantFuture))
  }
}
