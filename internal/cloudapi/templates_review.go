package cloudapi

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Meta's review of a template, waited for, and the clock that dates the
// edits a provider remembers.
//
// Whose clock dates an edit: the later of Meta's Date header on the edit's
// answer and the provider's clock when the answer arrived. Both are at or
// after the moment Meta counted the edit, so 24 hours (or 30 days) after
// the later one is never before Meta frees the edit, whichever of the two
// clocks runs ahead: a plan that uses the provider's clock may refuse an
// edit by the skew too long, never allow one Meta refuses.

const (
	defaultReviewPollMin = 10 * time.Second
	defaultReviewPollMax = 2 * time.Minute
)

// Now is the provider's clock (Config.Clock).
func (c *Client) Now() time.Time { return c.clock().UTC() }

// editTime dates a write whose answer carried metaDate (zero: none).
func (c *Client) editTime(metaDate time.Time) time.Time {
	now := c.Now()
	if metaDate.After(now) {
		return metaDate.UTC()
	}
	return now
}

// TemplateInReview reports whether Meta's review of a template in this
// status has not ended: PENDING (a create or an edit) or IN_APPEAL.
func TemplateInReview(status string) bool {
	return slices.Contains([]string{TemplatePending, TemplateInAppeal}, status)
}

// ReviewWaitStopped is a wait for a review that ended before the review
// did: the deadline came first (or would have, before the next read), or
// the context was cancelled. Last is the last reading.
type ReviewWaitStopped struct {
	TemplateID string
	Last       *Template
	Waited     time.Duration
	Reads      int
	Cause      error
}

func (e *ReviewWaitStopped) Error() string {
	return fmt.Sprintf("message template %s was still %s after waiting %s (%d reads): %v", e.TemplateID, e.Last.Status, e.Waited.Round(time.Second), e.Reads, e.Cause)
}

func (e *ReviewWaitStopped) Unwrap() error { return e.Cause }

// errNextReadTooLate is why a wait stops before the deadline: the next
// read would come after it.
var errNextReadTooLate = fmt.Errorf("the next read would come after the operation's deadline")

// WaitTemplateReview reads a template until its review ends (its status
// leaves PENDING and IN_APPEAL), starting from last, a reading already
// made. The waits between reads double from ReviewPollMin to ReviewPollMax
// (Meta's review takes minutes to 24 hours; each read spends one call of
// the account's hourly budget), and each read is logged with the status and
// the time waited. It returns the reading that ended the review, or a
// *ReviewWaitStopped with the last one; a failed read is returned as is.
func (c *Client) WaitTemplateReview(ctx context.Context, last *Template) (*Template, error) {
	start := time.Now()
	wait := c.reviewPollMin
	for reads := 0; ; reads++ {
		if !TemplateInReview(last.Status) {
			c.log(ctx, LevelInfo, fmt.Sprintf("Cloud API: message template %s: the review ended: %s", last.ID, last.Status),
				map[string]any{"template_id": last.ID, "status": last.Status, "waited_seconds": int(time.Since(start).Seconds())})
			return last, nil
		}
		stop := func(cause error) (*Template, error) {
			return last, &ReviewWaitStopped{TemplateID: last.ID, Last: last, Waited: time.Since(start), Reads: reads, Cause: cause}
		}
		if ctx.Err() != nil {
			return stop(ctx.Err())
		}
		if !fitsBefore(ctx, wait) {
			return stop(errNextReadTooLate)
		}
		c.log(ctx, LevelInfo, fmt.Sprintf("Cloud API: message template %s is %s: waiting %s for Meta's review", last.ID, last.Status, wait),
			map[string]any{"template_id": last.ID, "status": last.Status, "waited_seconds": int(time.Since(start).Seconds()), "next_read_in_seconds": wait.Seconds()})
		if err := sleep(ctx, wait); err != nil {
			return stop(err)
		}
		next, err := c.Template(ctx, last.ID)
		if err != nil {
			if ctx.Err() != nil {
				return stop(ctx.Err())
			}
			return last, err
		}
		last = next
		wait = min(2*wait, c.reviewPollMax)
	}
}
