//go:build ignore

// gen_icon draws icon.png, the built-in bot icon: a 40×40 rounded purple
// square with a white payment card on it. Run from compiler/kore:
//
//	go run gen_icon.go
//
// The drawing is pure arithmetic and image/png's encoder is deterministic,
// so the file is reproducible byte for byte.
package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

const (
	size    = 40
	samples = 4 // per axis, for anti-aliased edges
)

// roundedRect reports whether (x, y) lies in the rectangle [x0,x1]×[y0,y1]
// with corners rounded by r.
func roundedRect(x, y, x0, y0, x1, y1, r float64) bool {
	if x < x0 || x > x1 || y < y0 || y > y1 {
		return false
	}
	cx := math.Max(x0+r, math.Min(x, x1-r))
	cy := math.Max(y0+r, math.Min(y, y1-r))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}

func main() {
	purple := color.NRGBA{0x6B, 0x4E, 0xE6, 0xFF}
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < samples; sy++ {
				for sx := 0; sx < samples; sx++ {
					x := float64(px) + (float64(sx)+0.5)/samples
					y := float64(py) + (float64(sy)+0.5)/samples
					var c color.NRGBA
					switch {
					case !roundedRect(x, y, 0, 0, size, size, 9):
						continue // transparent outside the tile
					case roundedRect(x, y, 8, 12, 32, 28, 2.5) && !(y >= 15 && y < 18) &&
						!roundedRect(x, y, 11, 22, 19, 24, 1):
						c = white // card face, minus the stripe and the name line
					default:
						c = purple
					}
					r += float64(c.R)
					g += float64(c.G)
					b += float64(c.B)
					a += 255
				}
			}
			if a == 0 {
				continue
			}
			n := float64(samples * samples)
			// Colour is averaged over the covered samples; alpha over all.
			cov := a / 255
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / cov)),
				G: uint8(math.Round(g / cov)),
				B: uint8(math.Round(b / cov)),
				A: uint8(math.Round(a / n)),
			})
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		fmt.Fprintln(os.Stderr, "gen_icon:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("icon.png", buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen_icon:", err)
		os.Exit(1)
	}
}
