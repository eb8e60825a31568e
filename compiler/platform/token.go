package platform

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TokenLifetime is how long a token is valid. Each request gets a token
// of its own, so a short life costs nothing, and a token that leaks (a
// proxy's log) is soon useless.
const TokenLifetime = 5 * time.Minute

// TokenSubject is the token's "sub" claim. Kore.ai's reference asks for
// any identity string; the platform identifies the caller by appId.
const TokenSubject = "xoc"

// Claims are the claims of the tokens xoc makes: appId, the JWT app's
// client id, as Kore.ai's API reference asks, and the registered claims
// sub, iat, exp and jti. A fresh jti per token satisfies apps that
// refuse a token seen before.
type Claims struct {
	AppID string `json:"appId"`
	jwt.RegisteredClaims
}

// token makes the token of one request: HS256, signed with the client
// secret. Only HS256 is accepted for the API scopes xoc needs. Its times
// come from the wall clock, not Options.Now: the platform checks them
// against its own.
func (c *Client) token() (string, error) {
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", err
	}
	now := time.Now()
	claims := Claims{
		AppID: c.opts.ClientID,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   TokenSubject,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(TokenLifetime)),
			ID:        hex.EncodeToString(jti),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(c.opts.ClientSecret))
}
