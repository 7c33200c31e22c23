import Console
import Foundation
import Testing

/// Sessions are signed cookies: accepted until they expire, refused when forged or when the
/// console token changed; CSRF tokens belong to one session.
@Suite struct ConsoleSessionsTests {
  let sessions = ConsoleSessions(token: "first-token")
  let now = Date(timeIntervalSince1970: 1_796_000_000)

  @Test func aFreshCookieIsASessionUntilItExpires() throws {
    let issued = sessions.issue(now: now)
    #expect(sessions.session(fromCookie: issued.cookie, now: now) == issued.session)
    #expect(sessions.session(fromCookie: issued.cookie, now: now.addingTimeInterval(12 * 3600 - 1)) != nil)
    #expect(sessions.session(fromCookie: issued.cookie, now: now.addingTimeInterval(12 * 3600)) == nil)
  }

  @Test func changingTheTokenRevokesEverySession() {
    let issued = sessions.issue(now: now)
    #expect(ConsoleSessions(token: "second-token").session(fromCookie: issued.cookie, now: now) == nil)
    #expect(ConsoleSessions(token: "first-token").session(fromCookie: issued.cookie, now: now) != nil)
  }

  @Test func aLaterExpiryWrittenIntoTheCookieIsRefused() throws {
    let issued = sessions.issue(now: now)
    var parts = issued.cookie.split(separator: ".").map(String.init)
    parts[0] = String((Int64(parts[0]) ?? 0) + 86_400)
    #expect(sessions.session(fromCookie: parts.joined(separator: "."), now: now) == nil)
    #expect(sessions.session(fromCookie: "", now: now) == nil)
    #expect(sessions.session(fromCookie: "1.2.3", now: now) == nil)
  }

  @Test func csrfTokensBelongToTheirSession() {
    let first = sessions.issue(now: now).session
    let second = sessions.issue(now: now).session
    #expect(sessions.isCSRFToken(first.csrfToken, of: first))
    #expect(!sessions.isCSRFToken(second.csrfToken, of: first))
    #expect(!sessions.isCSRFToken(nil, of: first))
    #expect(!sessions.isCSRFToken("", of: first))
  }

  @Test func onlyTheTokenItselfLogsIn() {
    #expect(sessions.isToken("first-token"))
    #expect(!sessions.isToken("first-toke"))
    #expect(!sessions.isToken("first-token "))
    #expect(!sessions.isToken(""))
  }
}
