package hclscan

import (
	"fmt"
	"math/big"
)

// Limits of numbers. Within them, cty reads or writes a number in
// microseconds.
const (
	// MaxNumberExponent bounds the decimal exponent of a number in
	// scientific notation: a non-zero number lies between 1e-307 and
	// 1e308, excluded, as float64's normal numbers nearly do.
	MaxNumberExponent = 307
	// MaxNumberText bounds the length of a text read as a number. A
	// number in range needs at most 309 digits before its point.
	MaxNumberText = 1000
)

var (
	// numberCeiling and numberFloor bound the magnitude of a non-zero
	// number: 1e308, excluded, and 1e-307.
	numberCeiling = parseBound(MaxNumberExponent + 1)
	numberFloor   = parseBound(-MaxNumberExponent)

	// ErrNumberRange is the error of a number out of range. It never
	// shows the number: printing it is what takes the time.
	ErrNumberRange = fmt.Errorf("a number is out of range: xoc takes numbers below 1e%d in magnitude and, other than zero, of at least 1e-%d", MaxNumberExponent+1, MaxNumberExponent)
	// ErrNumberText is the error of a text too long to be read as a
	// number.
	ErrNumberText = fmt.Errorf("a number is written with more than %d characters", MaxNumberText)
)

func parseBound(exponent int) *big.Float {
	f, _, err := big.ParseFloat(fmt.Sprintf("1e%d", exponent), 10, 512, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	return f
}

// NumberInRange reports whether f lies in the range every number must.
func NumberInRange(f *big.Float) bool {
	if f.IsInf() {
		return false
	}
	if f.Sign() == 0 {
		return true
	}
	abs := new(big.Float).Abs(f)
	return abs.Cmp(numberCeiling) < 0 && abs.Cmp(numberFloor) >= 0
}

// NumberText returns ErrNumberText for a text too long to be read as a
// number in bounded time, ErrNumberRange for one that cty would read as a
// number out of range, and nil for any other text, which is no number or
// a number in range.
func NumberText(s string) error {
	if len(s) > MaxNumberText {
		if looksNumeric(s) {
			return ErrNumberText
		}
		return nil
	}
	// As cty.ParseNumberVal reads it.
	f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
	if err != nil {
		return nil // not a number: reading it fails at once
	}
	if !NumberInRange(f) {
		return ErrNumberRange
	}
	return nil
}

// looksNumeric reports whether s holds only what big.ParseFloat, and so
// cty, reads in a number, and a digit: such a text is read digit by digit
// before it is found wrong.
func looksNumeric(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E' || c == 'p' || c == 'P' || c == '_':
		default:
			return false
		}
	}
	return digit
}
