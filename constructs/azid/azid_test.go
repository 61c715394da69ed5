package azid

import (
	"strings"
	"testing"
)

func TestCode(t *testing.T) {
	for region, want := range map[string]string{
		"us-west-2": "usw2", "us-east-1": "use1", "eu-central-1": "euc1", "ap-southeast-2": "apse2",
		"ap-northeast-1": "apne1", "sa-east-1": "sae1", "me-south-1": "mes1", "us-gov-west-1": "usgw1",
		"cn-northwest-1": "cnnw1", "ap-southeast-3": "apse3", "il-central-1": "ilc1",
		"us-wset-2": "", "moon-1": "", "": "",
	} {
		if got := Code(region); got != want {
			t.Errorf("Code(%q) = %q, want %q", region, got, want)
		}
	}
}

// Every default belongs to its region, once, and the table is what the doc
// says for the regions the README and tests use.
func TestDefaults(t *testing.T) {
	for _, r := range Regions() {
		ids, err := Defaults(r)
		if err != nil || len(ids) < 2 {
			t.Errorf("Defaults(%s) = %v, %v: want at least 2 zones", r, ids, err)
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if err := Check(r, id); err != nil || seen[id] {
				t.Errorf("Defaults(%s): %s is not a distinct AZ ID of the region: %v", r, id, err)
			}
			seen[id] = true
		}
		link, ok := VpcLink(r)
		if !ok || strings.Join(link, ",") != strings.Join(ids, ",") {
			t.Errorf("VpcLink(%s) = %v, want the defaults %v", r, link, ids)
		}
	}
	for r, want := range map[string]string{
		"us-east-1":      "use1-az1,use1-az2,use1-az4,use1-az5,use1-az6",
		"us-west-2":      "usw2-az1,usw2-az2,usw2-az3,usw2-az4",
		"eu-central-1":   "euc1-az1,euc1-az2,euc1-az3",
		"ap-southeast-2": "apse2-az1,apse2-az2,apse2-az3",
	} {
		if ids, _ := Defaults(r); strings.Join(ids, ",") != want {
			t.Errorf("Defaults(%s) = %v, want %s", r, ids, want)
		}
	}
	// A copy: callers cannot change the table.
	ids, _ := Defaults("us-west-2")
	ids[0] = "x"
	if again, _ := Defaults("us-west-2"); again[0] != "usw2-az1" {
		t.Fatal("Defaults returned the table itself")
	}
}

func TestUnknownRegion(t *testing.T) {
	_, err := Defaults("ap-southeast-3")
	if err == nil || !strings.Contains(err.Error(), `region "ap-southeast-3" has no default AZ IDs in this library (it knows ap-east-1,`) ||
		!strings.Contains(err.Error(), "give the AZ IDs explicitly, such as apse3-az1") {
		t.Fatalf("Defaults(ap-southeast-3) error %v", err)
	}
	if _, ok := VpcLink("ap-southeast-3"); ok {
		t.Fatal("VpcLink knows a region the table lacks")
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct{ region, id, want string }{
		{"us-west-2", "usw2-az1", ""},
		{"", "use1-az6", ""},
		{"ap-southeast-3", "apse3-az1", ""},
		{"us-west-2", "us-west-2a", `"us-west-2a": want an AZ ID such as usw2-az1`},
		{"us-west-2", "use1-az1", `"use1-az1": not an AZ ID of us-west-2, whose AZ IDs start with usw2-`},
		{"us-west-2", "usw2-az", "want an AZ ID"},
		{"moon-1", "usw2-az1", ""},
	} {
		err := Check(tc.region, tc.id)
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Check(%q, %q) = %v, want %q", tc.region, tc.id, err, tc.want)
		}
	}
}

func TestNumberAndMissing(t *testing.T) {
	if Number("use1-az6") != 6 || Number("apse2-az12") != 12 || Number("bad") != 0 {
		t.Fatal("Number")
	}
	if got := Missing([]string{"a", "b", "c"}, []string{"b"}); strings.Join(got, ",") != "a,c" {
		t.Fatalf("Missing = %v", got)
	}
	if Missing([]string{"a"}, []string{"a", "b"}) != nil {
		t.Fatal("Missing of a subset must be nil")
	}
}
