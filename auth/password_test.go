package auth

import (
	"strings"
	"testing"
)

func TestPasswordHashes(t *testing.T) {
	a, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := HashPassword("correct horse battery staple")
	if a == b {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if !strings.HasPrefix(a, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not a PHC Argon2id string", a)
	}
	if !CheckPassword(a, "correct horse battery staple") || !CheckPassword(b, "correct horse battery staple") {
		t.Error("the right password is refused")
	}
	for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple"} {
		if CheckPassword(a, wrong) {
			t.Errorf("%q is accepted", wrong)
		}
	}
	for _, broken := range []string{"", "plain", "$argon2id$v=19$m=0,t=2,p=1$c2FsdA$aGFzaA", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=18$m=19456,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=19456,t=2,p=1$!!$aGFzaA"} {
		if CheckPassword(broken, "x") {
			t.Errorf("a broken hash %q accepts a password", broken)
		}
	}
}

func TestSecrets(t *testing.T) {
	s1, h1, err := NewSecret(TokenPrefix)
	if err != nil {
		t.Fatal(err)
	}
	s2, h2, _ := NewSecret(TokenPrefix)
	if s1 == s2 || h1 == h2 || !strings.HasPrefix(s1, TokenPrefix) || len(s1) < 40 {
		t.Errorf("secrets %q %q", s1, s2)
	}
	if HashSecret(s1) != h1 || strings.Contains(h1, s1) {
		t.Error("the hash does not match its secret, or holds it")
	}
}

// BenchmarkCheckPassword is the cost of one sign-in's password check, which bounds how fast
// anyone can guess.
func BenchmarkCheckPassword(b *testing.B) {
	hash, _ := HashPassword("correct horse battery staple")
	b.ReportAllocs()
	for b.Loop() {
		CheckPassword(hash, "correct horse battery staple")
	}
}
