/* The booking form's live check (no build step; served from /static with script-src 'self').
   While the parent fills the form, it is posted to /book/check (with its CSRF token), which
   evaluates it without saving anything; the answer's "html" replaces the check region, whose
   aria-live announces the change. The form works without this script: the Check button posts
   it and the page comes back with the same alerts. */
(function () {
  "use strict";
  var form = document.getElementById("booking-form");
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) {
    return;
  }
  var checkUrl = form.getAttribute("data-check-url");
  var waitlist = document.getElementById("waitlist-choice");
  var waitlistBox = document.getElementById("f-join_waitlist");
  var timer = null;
  var lastSent = "";
  var sequence = 0;

  function region() {
    return document.getElementById("booking-check");
  }

  function showPetAddOns() {
    var groups = form.querySelectorAll(".pet-add-ons[data-pet]");
    for (var i = 0; i < groups.length; i += 1) {
      var pet = form.querySelector('input[name="animal_id"][value="' + groups[i].getAttribute("data-pet") + '"]');
      groups[i].hidden = !(pet && pet.checked);
    }
  }

  function offerWaitlist(offered) {
    if (!waitlist) {
      return;
    }
    waitlist.hidden = !offered;
    if (!offered && waitlistBox) {
      waitlistBox.checked = false;
    }
  }

  function replaceRegion(html) {
    var current = region();
    if (!current) {
      return;
    }
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.querySelector("#booking-check");
    if (fresh && fresh.innerHTML !== current.innerHTML) {
      current.innerHTML = fresh.innerHTML;
    }
  }

  function failed(message) {
    var current = region();
    if (!current) {
      return;
    }
    var note = document.createElement("p");
    note.className = "notice notice--error";
    note.setAttribute("role", "alert");
    note.textContent = message;
    var old = current.querySelector(".check-failed");
    if (old) {
      old.remove();
    }
    note.classList.add("check-failed");
    current.appendChild(note);
  }

  function formData() {
    var data = new URLSearchParams(new FormData(form));
    data.delete("join_waitlist");
    return data;
  }

  function check() {
    var data = formData();
    var body = data.toString();
    if (body === lastSent) {
      return;
    }
    lastSent = body;
    sequence += 1;
    var mine = sequence;
    var current = region();
    if (current) {
      current.setAttribute("aria-busy", "true");
    }
    fetch(checkUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) {
          throw new Error(response.status === 403 ? "expired" : "failed");
        }
        return response.json();
      })
      .then(function (answer) {
        if (mine !== sequence) {
          return;
        }
        if (typeof answer.html === "string") {
          replaceRegion(answer.html);
        }
        offerWaitlist(Boolean(answer.offers_waitlist));
      })
      .catch(function (error) {
        if (mine !== sequence) {
          return;
        }
        lastSent = "";
        failed(error && error.message === "expired"
          ? "This page has expired: reload it to check your booking again."
          : "The booking could not be checked just now. Use the Check button, or try again.");
      })
      .then(function () {
        var after = region();
        if (after && mine === sequence) {
          after.removeAttribute("aria-busy");
        }
      });
  }

  function later() {
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(check, 400);
  }

  form.addEventListener("change", function () {
    showPetAddOns();
    later();
  });
  form.addEventListener("input", later);
  showPetAddOns();
  // The page came with the check of what it shows; the next change checks again.
  lastSent = formData().toString();
}());
