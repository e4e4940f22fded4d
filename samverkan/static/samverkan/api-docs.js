// The API documentation's "Prova" forms: a GET with the token typed on the page.
document.querySelectorAll("form.api-try").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let path = form.dataset.path;
    const query = new URLSearchParams();
    form.querySelectorAll("input").forEach((input) => {
      if (!input.value) return;
      if (input.dataset.in === "path") {
        path = path.replace("{" + input.name + "}", encodeURIComponent(input.value));
      } else {
        query.append(input.name, input.value);
      }
    });
    const url = path + (query.toString() ? "?" + query.toString() : "");
    const token = document.getElementById("api-token").value.trim();
    const out = form.nextElementSibling;
    out.hidden = false;
    out.textContent = "Hämtar " + url + " …";
    try {
      const response = await fetch(url, {
        headers: token ? { Authorization: "Bearer " + token } : {},
        credentials: "omit",
      });
      const type = response.headers.get("Content-Type") || "";
      const body = type.includes("json")
        ? JSON.stringify(await response.json(), null, 2)
        : "(" + type + ", " + (await response.blob()).size + " byte)";
      out.textContent = "HTTP " + response.status + " " + url + "\n\n" + body;
    } catch (error) {
      out.textContent = "Anropet misslyckades: " + error;
    }
  });
});
