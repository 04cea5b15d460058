package dev.shipshape.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Golden answers judged without a service: status, JSON path, text, regex, and the evidence. */
class GoldenCheckTest {
  static final GoldenRequest ASK =
      GoldenRequest.of(
          "capital",
          "POST",
          ":8080/ask",
          "{\"q\":\"capital of France?\"}",
          null,
          "$.answer",
          "(?i)paris",
          null);

  @Test
  void anAnswerWithTheStatusAndTheValueAtThePathPasses() {
    assertEquals(
        Optional.empty(),
        GoldenCheck.mismatch(ASK, GoldenAnswer.answered(200, 12, "{\"answer\":\"It is Paris.\"}")));
  }

  @Test
  void aWrongAnswerNamesTheRequestTheExpectationAndTheAnswer() {
    String why =
        GoldenCheck.mismatch(ASK, GoldenAnswer.answered(200, 12, "{\"answer\":\"Berlin\"}"))
            .orElseThrow();
    assertTrue(
        why.contains("golden request capital (POST :8080/ask {\"q\":\"capital of France?\"})"),
        why);
    assertTrue(why.contains("expected status 200, $.answer matching /(?i)paris/"), why);
    assertTrue(why.contains("answered 200 {\"answer\":\"Berlin\"}"), why);
    assertTrue(why.endsWith("$.answer does not match"), why);
  }

  @Test
  void anotherStatusFails() {
    String why = GoldenCheck.mismatch(ASK, GoldenAnswer.answered(500, 3, "boom")).orElseThrow();
    assertTrue(why.endsWith(": status 500"), why);
  }

  @Test
  void noAnswerFailsWithTheReason() {
    String why = GoldenCheck.mismatch(ASK, GoldenAnswer.failed("connection refused")).orElseThrow();
    assertTrue(why.endsWith("got no answer: connection refused"), why);
  }

  @Test
  void aBodyThatIsNotJsonOrHasNothingAtThePathFails() {
    assertTrue(
        GoldenCheck.mismatch(ASK, GoldenAnswer.answered(200, 1, "<html>"))
            .orElseThrow()
            .endsWith("the body is not JSON"));
    assertTrue(
        GoldenCheck.mismatch(ASK, GoldenAnswer.answered(200, 1, "{\"other\":1}"))
            .orElseThrow()
            .endsWith("nothing at $.answer"));
  }

  @Test
  void expectComparesTheValueAtThePathExactly() {
    GoldenRequest dims =
        GoldenRequest.of("dims", "GET", ":8080/info", null, 200, "$.models[0]['dim']", null, "768");
    assertEquals(
        Optional.empty(),
        GoldenCheck.mismatch(dims, GoldenAnswer.answered(200, 1, "{\"models\":[{\"dim\":768}]}")));
    assertTrue(
        GoldenCheck.mismatch(dims, GoldenAnswer.answered(200, 1, "{\"models\":[{\"dim\":1024}]}"))
            .orElseThrow()
            .endsWith("$.models[0]['dim'] is 1024"));
  }

  @Test
  void withoutAPathTheBodyMustContainTheTextAndMatchTheRegex() {
    GoldenRequest page =
        GoldenRequest.of("page", "GET", ":8080/", null, null, null, "v1\\.\\d+", "hello");
    assertEquals(
        Optional.empty(), GoldenCheck.mismatch(page, GoldenAnswer.answered(200, 1, "hello v1.2")));
    assertTrue(
        GoldenCheck.mismatch(page, GoldenAnswer.answered(200, 1, "bye v1.2"))
            .orElseThrow()
            .endsWith("the body does not contain it"));
    assertTrue(
        GoldenCheck.mismatch(page, GoldenAnswer.answered(200, 1, "hello v2"))
            .orElseThrow()
            .endsWith("the body does not match"));
  }

  @Test
  void evidenceHidesSecretFieldsAndIsShort() {
    String shown =
        GoldenCheck.shown(
            "{\"user\":\"a\",\"password\":\"hunter2\",\"nested\":{\"apiKey\":\"k\"}}", 300);
    assertFalse(shown.contains("hunter2"), shown);
    assertFalse(shown.contains("\"k\""), shown);
    assertTrue(shown.contains("\"password\":\"***\""), shown);
    assertEquals(11, GoldenCheck.shown("x".repeat(500), 10).length());
  }

  @Test
  void pathsAreCheckedBeforeUse() {
    assertTrue(GoldenCheck.validPath("$"));
    assertTrue(GoldenCheck.validPath("$.a.b[2]['c d']"));
    assertFalse(GoldenCheck.validPath("answer"));
    assertFalse(GoldenCheck.validPath("$..a"));
    assertFalse(GoldenCheck.validPath("$.a[?(@.x)]"));
  }

  @Test
  void requestsTravelOnALabel() {
    List<GoldenRequest> back = GoldenCheck.fromLabel(GoldenCheck.toLabel(List.of(ASK)));
    assertEquals(List.of(ASK), back);
    assertEquals(List.of(), GoldenCheck.fromLabel(null));
  }
}
