// Native tests of the URL-hash codec: round trips, strict parsing, hostile and oversized hashes.
#include <doctest/doctest.h>

#include <string>

#include "share_state.h"

using namespace attn;

TEST_CASE("encode -> decode round-trips every field, including awkward text") {
  PlaygroundState s;
  s.text = "Con mèo & \"chó\" #1 = 100% <b>đẹp</b> 😀";
  s.view = View::Focus;
  s.layer = 2;
  s.head = -1;
  s.focus = 7;
  s.causal = true;
  s.temperature = 0.25f;
  s.hidden = {0, 3, 9};
  s.step = 4;
  s.lang = Lang::En;
  const std::string h = encode_share_state(s);
  CHECK(h.find(' ') == std::string::npos);
  CHECK(h.find('<') == std::string::npos);
  PlaygroundState out;
  CHECK(decode_share_state("#" + h, PlaygroundState{}, &out) == ShareNotice::None);
  CHECK(out == s);
}

TEST_CASE("invalid values fall back field by field and raise Ignored") {
  PlaygroundState out;
  const PlaygroundState def;
  CHECK(decode_share_state("view=focus&layer=1e9&head=-5&temp=NaN&mask=maybe&lang=fr", def, &out) ==
        ShareNotice::Ignored);
  CHECK(out.view == View::Focus);
  CHECK(out.layer == def.layer);
  CHECK(out.head == def.head);
  CHECK(out.temperature == def.temperature);
  CHECK(out.causal == def.causal);
  CHECK(out.lang == def.lang);
  CHECK(decode_share_state("temp=inf", def, &out) == ShareNotice::Garbage);
  CHECK(decode_share_state("temp=0.001", def, &out) == ShareNotice::Garbage);  // below the clamp range
  CHECK(decode_share_state("focus=12abc&hide=1..2", def, &out) == ShareNotice::Garbage);
}

TEST_CASE("garbage, hostile, oversized and future hashes") {
  PlaygroundState out;
  const PlaygroundState def;
  CHECK(decode_share_state("%%%garbage", def, &out) == ShareNotice::Garbage);
  CHECK(out == def);
  CHECK(decode_share_state("<script>alert(1)</script>", def, &out) == ShareNotice::Garbage);
  CHECK(out == def);
  CHECK(decode_share_state(std::string(kMaxHashBytes + 1, 'a'), def, &out) == ShareNotice::TooLong);
  CHECK(out == def);
  CHECK(decode_share_state("v=7&view=links&future=1", def, &out) == ShareNotice::FutureVersion);
  CHECK(out.view == View::Links);
  CHECK(decode_share_state("", def, &out) == ShareNotice::None);
  CHECK(decode_share_state("#", def, &out) == ShareNotice::None);
  // Text is kept as text, whatever it contains, and cut at kMaxTextBytes.
  CHECK(decode_share_state("text=%3Cimg%20src%3Dx%3E", def, &out) == ShareNotice::None);
  CHECK(out.text == "<img src=x>");
  CHECK(decode_share_state("text=" + std::string(kMaxTextBytes + 50, 'x'), def, &out) == ShareNotice::None);
  CHECK(out.text.size() == kMaxTextBytes);
  // Truncated percent escapes are rejected, not read past the end.
  CHECK(decode_share_state("text=abc%4", def, &out) == ShareNotice::Garbage);
  CHECK(decode_share_state("text=abc%", def, &out) == ShareNotice::Garbage);
}

TEST_CASE("the attention method and unit round-trip, are written only when not the default, and refuse junk") {
  PlaygroundState s;
  CHECK(encode_share_state(s).find("method=") == std::string::npos);
  CHECK(encode_share_state(s).find("unit=") == std::string::npos);
  for (AttnMethod m : {AttnMethod::Raw, AttnMethod::Norm, AttnMethod::Rollout})
    for (AttnUnit u : {AttnUnit::Auto, AttnUnit::Piece, AttnUnit::Word}) {
      s.method = m;
      s.unit = u;
      PlaygroundState out;
      CHECK(decode_share_state(encode_share_state(s), PlaygroundState{}, &out) == ShareNotice::None);
      CHECK(out.method == m);
      CHECK(out.unit == u);
    }
  s = PlaygroundState{};
  s.method = AttnMethod::Norm;
  s.unit = AttnUnit::Word;
  CHECK(encode_share_state(s).find("&method=norm&unit=word") != std::string::npos);
  PlaygroundState out;
  CHECK(decode_share_state("view=heatmap&method=weights&unit=letters", PlaygroundState{}, &out) ==
        ShareNotice::Ignored);
  CHECK(out.method == AttnMethod::Raw);
  CHECK(out.unit == AttnUnit::Auto);
}
